# Unit tests (cmocka): every tests/unit/test_<name>.c becomes an executable
# test_<name> linked against the compiler libraries and is registered as
# ctest test "unit.<name>". Adding a test file is enough; CONFIGURE_DEPENDS
# re-runs the glob when files appear.
#
# They link stackc_source (which brings stackc_base and jansson). A unit
# test for a higher layer adds its own link after the loop, e.g.
# target_link_libraries(test_graph PRIVATE stackc_check), rather than
# every test linking everything.
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)

file(GLOB STACKC_UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/test_*.c)
foreach(test_src IN LISTS STACKC_UNIT_TESTS)
  get_filename_component(test_target ${test_src} NAME_WE)
  string(REGEX REPLACE "^test_" "" test_name ${test_target})
  add_executable(${test_target} ${test_src})
  target_link_libraries(${test_target} PRIVATE stackc_source PkgConfig::CMOCKA)
  stackc_warnings(${test_target})
  add_test(NAME unit.${test_name} COMMAND ${test_target}
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
endforeach()

# The dependency graph lives in compiler/check, part of stackc_eval.
target_link_libraries(test_graph PRIVATE stackc_eval)

# The builtins run inside the evaluator's library (two test files over
# builtins_harness.h).
target_link_libraries(test_builtins PRIVATE stackc_eval)
target_link_libraries(test_builtins_values PRIVATE stackc_eval)

# Values to and from JSON/YAML (compiler/eval/value_*.c). The C test also
# writes a corpus of awkward strings; the Python check reads it back with
# PyYAML (a YAML 1.1 reader, like Kubernetes' go-yaml v2) and skips
# (exit 77) where PyYAML is missing.
target_link_libraries(test_value_codec PRIVATE stackc_eval)
set_tests_properties(unit.value_codec PROPERTIES FIXTURES_SETUP value_codec_corpus)
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME unit.value_codec_pyyaml
    COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/yaml_corpus_check.py
      value_codec_corpus.yaml value_codec_corpus.json
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(unit.value_codec_pyyaml PROPERTIES
    FIXTURES_REQUIRED value_codec_corpus SKIP_RETURN_CODE 77)
endif()

# The embedded standard library: its table is generated into stackc_eval.
target_link_libraries(test_stdlib PRIVATE stackc_eval)

# The Terraform JSON backend (compiler/codegen/terraform.c). The C test
# keeps every file it generates under terraform_corpus/; the Python check
# validates them, and the golden tf-* cases' output, against the structure
# of Terraform's JSON syntax (and applies a few with terraform if found).
target_link_libraries(test_terraform PRIVATE stackc_codegen)
set_tests_properties(unit.terraform PROPERTIES FIXTURES_SETUP terraform_corpus)
if(Python3_Interpreter_FOUND)
  file(GLOB STACKC_TF_GOLDEN CONFIGURE_DEPENDS
    ${CMAKE_SOURCE_DIR}/tests/golden/cases/tf-*/expected.stdout)
  add_test(NAME unit.terraform_structure
    COMMAND Python3::Interpreter ${CMAKE_SOURCE_DIR}/tests/terraform/check_tf_json.py
      terraform_corpus --stream ${STACKC_TF_GOLDEN}
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(unit.terraform_structure PROPERTIES
    FIXTURES_REQUIRED terraform_corpus)
endif()

# The Kubernetes backend (compiler/codegen/kubernetes.c), in two files
# sharing k8s_harness.h; test_kubernetes also compiles examples/hello
# from the source tree.
foreach(t test_kubernetes test_kubernetes_objects)
  target_link_libraries(${t} PRIVATE stackc_codegen)
  target_compile_definitions(${t} PRIVATE STACKC_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
endforeach()

# Copying a component's value out of its region (compiler/eval/value_copy.c).
target_link_libraries(test_value_copy PRIVATE stackc_eval)
