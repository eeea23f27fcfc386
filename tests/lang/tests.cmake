# Language tests: a module using every construct (tests/lang/everything),
# checked through golden cases in tests/golden/cases/lang-*, and the
# determinism test over it and its reordered twin.
add_test(NAME lang.determinism
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/lang/determinism.sh $<TARGET_FILE:stackc>
          ${CMAKE_SOURCE_DIR})
set_tests_properties(lang.determinism PROPERTIES LABELS lang)
add_test(NAME lang.secrets
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/lang/secrets.sh $<TARGET_FILE:stackc>
          ${CMAKE_SOURCE_DIR})
set_tests_properties(lang.secrets PROPERTIES LABELS lang)
