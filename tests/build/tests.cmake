# build tests: `stackc build` writing its output tree (build_test.sh).
#
#   build.<test>   one scenario each: the exact tree of examples/hello,
#                  stale files removed, foreign directories refused,
#                  failed builds writing nothing, byte-identical output
#                  under another TZ/locale/cwd, symbolic links never
#                  followed, --stdout writing nothing, unwritable parents,
#                  a full disk.
#
# What `build` prints (--stdout, diagnostics, exit codes) is covered by the
# golden cases tests/golden/cases/build-*. build.unwritable is skipped
# (exit 77) when the tests run as root, who ignores permissions;
# build.nospace needs root, to mount a 1 MiB tmpfs, and is skipped
# otherwise.
set(BUILD_TESTS tree stale refuse failed determinism symlinks stdout unwritable nospace)
foreach(t IN LISTS BUILD_TESTS)
  add_test(NAME build.${t}
    COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/build_test.sh $<TARGET_FILE:stackc>
            ${PROJECT_SOURCE_DIR} ${t})
  set_tests_properties(build.${t} PROPERTIES
    LABELS build TIMEOUT 120 SKIP_RETURN_CODE 77)
endforeach()

# --layout cnoe: the CNOE example as idpbuilder package directories.
add_test(NAME build.cnoe-layout
  COMMAND Python3::Interpreter ${CMAKE_CURRENT_LIST_DIR}/cnoe_layout.py
          $<TARGET_FILE:stackc> ${PROJECT_SOURCE_DIR})
set_tests_properties(build.cnoe-layout PROPERTIES LABELS build TIMEOUT 120)
