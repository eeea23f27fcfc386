# fmt tests: the formatter's layout, idempotency and meaning-safety.
#
#   fmt.case.<name>        every directory tests/fmt/cases/<name>/ holds
#                          input.stack and expected.stack; `stackc fmt -`
#                          must turn the first into the second exactly.
#                          STACKC_REGEN=1 rewrites expected.stack instead.
#   fmt.idempotent.<name>  formatting expected.stack gives itself.
#   fmt.repository         every *.stack file of the repository that parses
#                          without errors (examples/, stdlib/, docs/, tests/)
#                          formats idempotently and to the same syntax tree
#                          (fmt_roundtrip.c).
#   fmt.cli                the modes of `stackc fmt` on real files: in-place
#                          rewrite, --check, --diff, stdin, errors
#                          (cli_test.sh).
#
# A new case needs no CMake change: CONFIGURE_DEPENDS re-globs at build
# time.
set(FMT_DIR ${CMAKE_CURRENT_LIST_DIR})

file(GLOB FMT_CASES CONFIGURE_DEPENDS LIST_DIRECTORIES true ${FMT_DIR}/cases/*)
list(SORT FMT_CASES)
foreach(case_dir IN LISTS FMT_CASES)
  if(NOT IS_DIRECTORY ${case_dir})
    continue()
  endif()
  get_filename_component(case_name ${case_dir} NAME)
  add_test(NAME fmt.case.${case_name}
    COMMAND sh ${FMT_DIR}/run_case.sh $<TARGET_FILE:stackc> ${case_dir} format)
  add_test(NAME fmt.idempotent.${case_name}
    COMMAND sh ${FMT_DIR}/run_case.sh $<TARGET_FILE:stackc> ${case_dir} idempotent)
  set_tests_properties(fmt.case.${case_name} fmt.idempotent.${case_name}
    PROPERTIES LABELS fmt TIMEOUT 60)
endforeach()

add_executable(fmt_roundtrip ${FMT_DIR}/fmt_roundtrip.c)
target_link_libraries(fmt_roundtrip PRIVATE stackc_syntax)
stackc_warnings(fmt_roundtrip)
add_test(NAME fmt.repository
  COMMAND fmt_roundtrip ${PROJECT_SOURCE_DIR}/examples ${PROJECT_SOURCE_DIR}/stdlib
          ${PROJECT_SOURCE_DIR}/docs ${PROJECT_SOURCE_DIR}/tests)
set_tests_properties(fmt.repository PROPERTIES LABELS fmt TIMEOUT 120)

add_test(NAME fmt.cli COMMAND sh ${FMT_DIR}/cli_test.sh $<TARGET_FILE:stackc>)
set_tests_properties(fmt.cli PROPERTIES LABELS fmt TIMEOUT 60)
