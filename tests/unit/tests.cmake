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
