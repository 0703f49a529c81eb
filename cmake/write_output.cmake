# cmake -DOUTPUT=FILE -DCOMMAND="PROGRAM;ARG;..." -P write_output.cmake
# Writes what the command prints on stdout to FILE, and fails the build,
# leaving no FILE behind, when the command fails: a build step whose output
# is a redirect, without depending on a shell.
execute_process(COMMAND ${COMMAND} OUTPUT_FILE ${OUTPUT}.tmp RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(REMOVE ${OUTPUT}.tmp)
  message(FATAL_ERROR "${COMMAND} failed (${result})")
endif()
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
