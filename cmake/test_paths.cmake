# vpt_path_definitions(TARGET NAME=VALUE...): each definition, a path of this
# source tree or build, given only to the files of TARGET that use NAME, in
# their own text or in a header of the test tree they include ("x.hpp").
# A definition is part of the command line ccache hashes, and a path differs
# from clone to clone: a file that does not use it compiles the same in any
# clone, and is found in the cache (scripts/ccache-env.sh).
function(vpt_path_definitions target)
  get_target_property(sources ${target} SOURCES)
  foreach(source IN LISTS sources)
    cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} OUTPUT_VARIABLE file)
    if(NOT EXISTS ${file})
      continue()
    endif()
    file(READ ${file} text)
    # Read here, so a file that starts using a path is configured again.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
    cmake_path(GET file PARENT_PATH here)
    string(REGEX MATCHALL "#include \"[^\"]+\"" includes "${text}")
    foreach(include IN LISTS includes)
      string(REGEX REPLACE "#include \"([^\"]+)\"" "\\1" name "${include}")
      foreach(dir ${here} ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/integration)
        if(EXISTS ${dir}/${name})
          file(READ ${dir}/${name} header)
          string(APPEND text "${header}")
          break()
        endif()
      endforeach()
    endforeach()
    foreach(definition IN LISTS ARGN)
      string(REGEX REPLACE "=.*" "" name "${definition}")
      if(text MATCHES "${name}")
        set_property(SOURCE ${source} APPEND PROPERTY COMPILE_DEFINITIONS "${definition}")
      endif()
    endforeach()
  endforeach()
endfunction()
