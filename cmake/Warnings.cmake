# Warnings for hand-written C. Generated scanner/parser get a relaxed set
# (see grammar handling in the top-level CMakeLists.txt).
set(STACKC_WARNINGS
  -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
  -Wwrite-strings -Wvla -Wformat=2 -Wpointer-arith -Wcast-align
  -Wnull-dereference -Wundef -Wno-unused-parameter)
if(STACKC_WERROR)
  list(APPEND STACKC_WARNINGS -Werror)
endif()

function(stackc_warnings target)
  target_compile_options(${target} PRIVATE ${STACKC_WARNINGS})
endfunction()
