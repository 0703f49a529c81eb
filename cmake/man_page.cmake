# cmake -DINPUT=man/vpt.1 -DOUTPUT=FILE -DVERSION=X.Y.Z -P man_page.cmake
# Writes the man page with the version of the build in its .TH line (the
# footer man shows: "vpt X.Y.Z"). The page in the source tree names no
# version, so `man -l man/vpt.1` still reads it and it cannot go stale.
file(STRINGS ${INPUT} first LIMIT_COUNT 1)
if(NOT first MATCHES "^\\.TH VPT 1 \"[^\"]*\" \"vpt[^\"]*\"")
  message(FATAL_ERROR "${INPUT}: the first line is not '.TH VPT 1 \"DATE\" \"vpt\" ...': ${first}")
endif()
file(READ ${INPUT} page)
string(REGEX REPLACE "^(\\.TH VPT 1 \"[^\"]*\") \"vpt[^\"]*\"" "\\1 \"vpt ${VERSION}\"" page "${page}")
file(WRITE ${OUTPUT}.tmp "${page}")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
