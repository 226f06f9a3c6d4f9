# Writes help2man's include file for the dagarray man page: every subcommand's own --help (which
# help2man, reading only `dagarray --help`, would leave out), then the environment and the docs.
#   cmake -DTOOL=<dagarray> -DCOMMANDS="pi;graph;..." -DSTATIC=<extra.h2m> -DOUTPUT=<file> -P commands.cmake
set(text "[COMMANDS]\n")
foreach(command IN LISTS COMMANDS)
  execute_process(COMMAND "${TOOL}" ${command} --help OUTPUT_VARIABLE help RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "`dagarray ${command} --help` failed")
  endif()
  # roff: backslashes escaped, and no line may start with a control character.
  string(REPLACE "\\" "\\e" help "${help}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
  string(APPEND text ".SS \"dagarray ${command}\"\n.nf\n${help}.fi\n")
endforeach()
file(READ "${STATIC}" extra)
file(WRITE "${OUTPUT}" "${text}${extra}")
