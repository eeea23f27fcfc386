# validate tests: stackc's output checked by tools that nobody here wrote.
#
#   validate.models       every Kubernetes and Argo CD object of every
#                         example (examples/*/), of the modules
#                         tests/validate/inputs/*/ and of the golden `build`
#                         cases validates against the schema models of the
#                         npm packages kubernetes-models,
#                         @kubernetes-models/argo-cd and
#                         @kubernetes-models/cert-manager (validate.js); a
#                         kind without a model fails
#   validate.yaml11       a corpus of ambiguous strings (yes, ~, 0x1, 12:30,
#                         <<, indicators, control characters, line breaks,
#                         unicode) and typed values, built to Kubernetes YAML,
#                         reads back with PyYAML (YAML 1.1) as exactly those
#                         values; `eval --output json` gives them too
#   validate.hello        examples/hello's --stdout streams read with PyYAML
#                         equal hello-expected.json and the files of `build -o`
#   build.determinism-examples
#                         every example builds byte-identically under other
#                         TZ, locale, environment, working directory and
#                         path spelling (tests/build/determinism_examples.sh)
#
# The examples are globbed when the tests run, so a new example is covered
# without a CMake change. The npm packages come from
# scripts/install-deps.sh (`make test` runs it); without them, or without
# node or PyYAML, a test is skipped (exit 77), except in CI (CI set) or with
# STACKC_REQUIRE_VALIDATORS=1, where that fails.
set(VALIDATE_TIMEOUT 300)
if(STACKC_SANITIZE OR STACKC_DEBUG_ARENA)
  set(VALIDATE_TIMEOUT 900)
endif()

add_test(NAME validate.models
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/models_test.sh $<TARGET_FILE:stackc>
          ${PROJECT_SOURCE_DIR})
set_tests_properties(validate.models PROPERTIES
  LABELS validate TIMEOUT ${VALIDATE_TIMEOUT} SKIP_RETURN_CODE 77)

find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME validate.yaml11
    COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/yaml11_test.py
            $<TARGET_FILE:stackc> ${PROJECT_SOURCE_DIR} strings)
  add_test(NAME validate.hello
    COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/yaml11_test.py
            $<TARGET_FILE:stackc> ${PROJECT_SOURCE_DIR} hello)
  set_tests_properties(validate.yaml11 validate.hello PROPERTIES
    LABELS validate TIMEOUT ${VALIDATE_TIMEOUT} SKIP_RETURN_CODE 77)
endif()

add_test(NAME build.determinism-examples
  COMMAND sh ${PROJECT_SOURCE_DIR}/tests/build/determinism_examples.sh
          $<TARGET_FILE:stackc> ${PROJECT_SOURCE_DIR})
set_tests_properties(build.determinism-examples PROPERTIES
  LABELS "build;validate" TIMEOUT ${VALIDATE_TIMEOUT})

# Components of kind std/argocd.AppProject, ApplicationSet and Application
# are written as objects (and synced by an Application of their own).
add_test(NAME validate.argocd-records
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/models_test.sh $<TARGET_FILE:stackc>
          ${PROJECT_SOURCE_DIR} records)
set_tests_properties(validate.argocd-records PROPERTIES
  LABELS validate TIMEOUT ${VALIDATE_TIMEOUT} SKIP_RETURN_CODE 77)
