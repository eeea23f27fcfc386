# EmbedStdlib.cmake - embed stdlib/**/*.stack into the stackc binary.
#
# The standard library is written in Stack and compiled into the binary as
# byte arrays, so `import "std/k8s"` never reads a file at run time and a
# build never depends on where stackc was installed. Nothing generated is
# kept in git: the C source is written into the build tree.
#
# This file has two roles:
#
#   include(cmake/EmbedStdlib.cmake)          defines stackc_embed_stdlib()
#   stackc_embed_stdlib(TARGET STDLIB_DIR)    adds the generated source to TARGET
#
#   cmake -DSTDLIB_DIR=... -DMANIFEST=... -DOUTPUT=... -P EmbedStdlib.cmake
#                                             writes the C source (build time)
#
# Module names (docs/stdlib-modules.md, "How modules are stored"):
#   stdlib/NAME.stack        one file, module "std/NAME"
#   stdlib/DIR/*.stack       one module "std/DIR" made of all those files,
#                            like any directory module (not recursive:
#                            stdlib/a/b/*.stack is the module "std/a/b")
# Having both stdlib/NAME.stack and stdlib/NAME/ is an error. Module path
# segments must be identifiers (`import` binds the last one) and file names
# may use only [A-Za-z0-9_.-], which also lets the sort below use a space
# as separator.
#
# The generated file defines stdlib_files() (compiler/eval/stdlib.h): a
# table sorted by module, then file name, in strcmp order, so lookups can
# use binary search. Each text is followed by a NUL that `len` excludes.
#
# Rebuilds: the configure step globs with CONFIGURE_DEPENDS and writes the
# file list into a manifest (only when the list changes); the generation
# command depends on every file, on the manifest and on this script. So an
# edited, added or removed stdlib file regenerates the table on the next
# build with any generator.

if(NOT CMAKE_SCRIPT_MODE_FILE)
  set(STACKC_EMBED_STDLIB_SCRIPT ${CMAKE_CURRENT_LIST_FILE})

  function(stackc_embed_stdlib target stdlib_dir)
    set(gen_dir ${CMAKE_BINARY_DIR}/generated)
    set(manifest ${gen_dir}/stdlib_files.txt)
    set(output ${gen_dir}/stdlib_data.c)
    file(GLOB_RECURSE stdlib_files CONFIGURE_DEPENDS ${stdlib_dir}/*.stack)
    list(SORT stdlib_files)
    # file(CONFIGURE) rewrites the manifest only when its content changes,
    # so an unchanged list does not force a regeneration.
    string(REPLACE ";" "\n" manifest_text "${stdlib_files}")
    file(CONFIGURE OUTPUT ${manifest} CONTENT "${manifest_text}\n" @ONLY)
    add_custom_command(
      OUTPUT ${output}
      COMMAND ${CMAKE_COMMAND} -DSTDLIB_DIR=${stdlib_dir} -DMANIFEST=${manifest}
              -DOUTPUT=${output} -P ${STACKC_EMBED_STDLIB_SCRIPT}
      DEPENDS ${stdlib_files} ${manifest} ${STACKC_EMBED_STDLIB_SCRIPT}
      COMMENT "Embedding the standard library (stdlib/)"
      VERBATIM)
    target_sources(${target} PRIVATE ${output})
    # The generated file includes "compiler/eval/stdlib.h" relative to the
    # source root. (compiler/eval itself must never be an include
    # directory: its stdlib.h would shadow <stdlib.h>.)
    set_source_files_properties(${output} PROPERTIES
      INCLUDE_DIRECTORIES ${CMAKE_SOURCE_DIR})
  endfunction()
  return()
endif()

# ---- script mode: write OUTPUT ---------------------------------------------

# A script run with -P starts with every policy unset (IN_LIST needs
# CMP0057); take the project's.
cmake_minimum_required(VERSION 3.25)

foreach(var STDLIB_DIR MANIFEST OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "EmbedStdlib.cmake: -D${var}=... is required")
  endif()
endforeach()

file(STRINGS "${MANIFEST}" files)
list(FILTER files EXCLUDE REGEX "^$")

# Map each file to "MODULE FILENAME FULLPATH"; sorting these strings sorts
# by module, then file name, in byte (strcmp) order, because the space is
# smaller than every character a name may contain.
set(entries "")
set(file_modules "")
set(dir_modules "")
foreach(path IN LISTS files)
  file(RELATIVE_PATH rel "${STDLIB_DIR}" "${path}")
  if(NOT rel MATCHES "^([A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+\\.stack$")
    message(FATAL_ERROR "stdlib file '${rel}': names may use only A-Z a-z 0-9 _ . -")
  endif()
  get_filename_component(fname "${rel}" NAME)
  get_filename_component(dir "${rel}" DIRECTORY)
  string(REGEX REPLACE "\\.stack$" "" stem ${fname})
  if(dir STREQUAL "")
    set(module "std/${stem}")
    list(APPEND file_modules ${module})
  else()
    set(module "std/${dir}")
    list(APPEND dir_modules ${module})
  endif()
  # The last segment is what `import` binds, so every segment must be an
  # identifier.
  if(NOT module MATCHES "^std(/[A-Za-z_][A-Za-z0-9_]*)+$")
    message(FATAL_ERROR "stdlib file '${rel}': module '${module}' is not a path of identifiers")
  endif()
  list(APPEND entries "${module} ${fname} ${path}")
endforeach()

list(REMOVE_DUPLICATES dir_modules)
foreach(module IN LISTS file_modules)
  if(module IN_LIST dir_modules)
    message(FATAL_ERROR "stdlib module '${module}' is both a file and a directory")
  endif()
endforeach()

list(SORT entries COMPARE STRING CASE SENSITIVE)
list(LENGTH entries count)

set(out "/* Generated by cmake/EmbedStdlib.cmake from stdlib/. Do not edit:\n")
string(APPEND out " * change the .stack files and rebuild. */\n")
string(APPEND out "#include \"compiler/eval/stdlib.h\"\n\n")

string(REPEAT "[0-9a-f]" 32 line_pattern)
set(table "")
set(i 0)
foreach(entry IN LISTS entries)
  # Paths may contain spaces; only the first two fields are names.
  string(REGEX MATCH "^([^ ]+) ([^ ]+) (.*)$" unused "${entry}")
  set(module ${CMAKE_MATCH_1})
  set(fname ${CMAKE_MATCH_2})
  set(path ${CMAKE_MATCH_3})
  file(SIZE "${path}" size)
  file(READ "${path}" hex HEX)
  # 16 bytes per line, then "ab" -> "0xab,". (CMake regexes have no {n}.)
  string(REGEX REPLACE "(${line_pattern})" "\\1\n\t" hex "${hex}")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  file(RELATIVE_PATH rel "${STDLIB_DIR}" "${path}")
  string(APPEND out "/* stdlib/${rel} */\n")
  string(APPEND out "static const unsigned char stdlib_text_${i}[] = {\n\t${bytes}0x00\n};\n\n")
  string(APPEND table "\t{ \"${module}\", \"${fname}\", (const char *)stdlib_text_${i}, ${size} },\n")
  math(EXPR i "${i} + 1")
endforeach()

if(count EQUAL 0)
  # An empty array is not C; keep one sentinel that n hides.
  string(APPEND out "static const stdlib_file stdlib_table[1] = { { 0, 0, 0, 0 } };\n\n")
else()
  string(APPEND out "static const stdlib_file stdlib_table[] = {\n${table}};\n\n")
endif()
string(APPEND out "const stdlib_file *stdlib_files(size_t *n)\n{\n")
string(APPEND out "\t*n = ${count};\n\treturn stdlib_table;\n}\n")

file(WRITE "${OUTPUT}" "${out}")
