# docs tests: the documentation's examples are true.
#
#   docs.examples   every ```stack block in README.md and docs/*.md is
#                   accepted by `stackc check`; every ```stack-error block
#                   is rejected, with exactly the stderr shown in the
#                   ```text block that follows it, if any (check_docs.sh).
#
# New documents and examples need no CMake change: the script finds them.
add_test(NAME docs.examples
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/check_docs.sh $<TARGET_FILE:stackc> ${PROJECT_SOURCE_DIR})
set_tests_properties(docs.examples PROPERTIES LABELS docs TIMEOUT 900)
