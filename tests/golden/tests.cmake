# golden tests: every directory under tests/golden/cases/ is one test,
# golden.<dirname>, run by run_case.sh against the stackc executable (see
# tests/golden/README.md for the layout of a case). A new case needs no
# CMake change: CONFIGURE_DEPENDS re-globs at build time. Regenerate
# expectations with scripts/regen-golden.sh.

# A case's time limit (20 s, or its `timeout` file) is meant for a normal
# build; ASan with the one-malloc-per-object arena is several times slower
# on the multi-megabyte inputs.
set(GOLDEN_TIMEOUT_SCALE 1)
if(STACKC_SANITIZE OR STACKC_DEBUG_ARENA)
  set(GOLDEN_TIMEOUT_SCALE 6)
endif()
math(EXPR GOLDEN_CTEST_TIMEOUT "20 * ${GOLDEN_TIMEOUT_SCALE} + 30")

file(GLOB GOLDEN_CASES CONFIGURE_DEPENDS LIST_DIRECTORIES true
  ${CMAKE_CURRENT_LIST_DIR}/cases/*)
list(SORT GOLDEN_CASES)
foreach(case_dir IN LISTS GOLDEN_CASES)
  if(NOT IS_DIRECTORY ${case_dir})
    continue()
  endif()
  get_filename_component(case_name ${case_dir} NAME)
  add_test(NAME golden.${case_name}
    COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/run_case.sh $<TARGET_FILE:stackc> ${case_dir})
  set_tests_properties(golden.${case_name} PROPERTIES
    LABELS golden
    TIMEOUT ${GOLDEN_CTEST_TIMEOUT}
    ENVIRONMENT STACKC_GOLDEN_TIMEOUT_SCALE=${GOLDEN_TIMEOUT_SCALE})
endforeach()
