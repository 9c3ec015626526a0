# The OpenGL loader is generated at build time (python3-glad); generated code is never committed.
find_program(GLAD_EXECUTABLE glad REQUIRED)
set(GLAD_OUT "${CMAKE_BINARY_DIR}/glad")
add_custom_command(
  OUTPUT "${GLAD_OUT}/src/gl.c" "${GLAD_OUT}/include/glad/gl.h"
  COMMAND "${GLAD_EXECUTABLE}" --reproducible --quiet --api gl:core=3.3 --out-path "${GLAD_OUT}" c
  COMMENT "Generating the OpenGL 3.3 core loader with glad"
  VERBATIM)
add_library(oko_glad STATIC "${GLAD_OUT}/src/gl.c")
target_include_directories(oko_glad SYSTEM PUBLIC "${GLAD_OUT}/include")
set_target_properties(oko_glad PROPERTIES POSITION_INDEPENDENT_CODE ON)
