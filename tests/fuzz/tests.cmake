# fuzz tests: the parser fuzz target, built two ways.
#
#   fuzz_parse_replay  any compiler; replay_main.c feeds it every file of
#                      tests/fuzz/corpus/ (ctest: fuzz.replay), so the
#                      corpus runs in every build, including ASan/UBSan.
#   fuzz_parse         clang with -DSTACKC_FUZZ=ON: the libFuzzer binary
#                      (`make fuzz` runs it for a minute).
set(FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})

# The formatter is exercised once it exists (compiler/syntax/format.c).
set(FUZZ_DEFS "")
if(EXISTS ${PROJECT_SOURCE_DIR}/compiler/syntax/format.c)
  set(FUZZ_DEFS STACKC_FUZZ_FORMAT)
endif()

add_executable(fuzz_parse_replay ${FUZZ_DIR}/fuzz_parse.c ${FUZZ_DIR}/replay_main.c)
target_link_libraries(fuzz_parse_replay PRIVATE stackc_syntax)
target_compile_definitions(fuzz_parse_replay PRIVATE ${FUZZ_DEFS})
stackc_warnings(fuzz_parse_replay)
add_test(NAME fuzz.replay COMMAND fuzz_parse_replay ${FUZZ_DIR}/corpus)
set_tests_properties(fuzz.replay PROPERTIES LABELS fuzz TIMEOUT 120)

if(STACKC_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "STACKC_FUZZ needs clang (libFuzzer): configure with -DCMAKE_C_COMPILER=clang")
  endif()
  add_executable(fuzz_parse ${FUZZ_DIR}/fuzz_parse.c)
  target_link_libraries(fuzz_parse PRIVATE stackc_syntax)
  target_compile_definitions(fuzz_parse PRIVATE ${FUZZ_DEFS})
  target_link_options(fuzz_parse PRIVATE -fsanitize=fuzzer)
  stackc_warnings(fuzz_parse)
endif()
