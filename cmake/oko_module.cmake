# oko_module(<folder> [DEPENDS <folders>...] [LIBS <libraries>...] [FORBID <header prefixes>...])
#
# One folder, one module: a static library `oko_<folder with _ for />` (geo/points: oko_geo_points)
# of the folder's .cpp files. It links the modules it DEPENDS on (declared before it, so the graph
# has no cycles) and the external LIBS it uses. Before it compiles, cmake/check_layers.py checks
# that its files include only its own headers, those of its DEPENDS and no FORBID system header;
# a forbidden include fails the build.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(OKO_CHECK_LAYERS ${CMAKE_CURRENT_LIST_DIR}/check_layers.py)

function(oko_module_target out folder)
  string(REPLACE "/" "_" name "oko_${folder}")
  set(${out} ${name} PARENT_SCOPE)
endfunction()

function(oko_module folder)
  cmake_parse_arguments(M "" "" "DEPENDS;LIBS;FORBID;SOURCES" ${ARGN})
  oko_module_target(target ${folder})
  set(dir ${PROJECT_SOURCE_DIR}/${folder})
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  file(GLOB headers CONFIGURE_DEPENDS ${dir}/*.hpp)
  set(dep_targets)
  foreach(dep ${M_DEPENDS})
    oko_module_target(dep_target ${dep})
    if(NOT TARGET ${dep_target})
      message(FATAL_ERROR "module ${folder} depends on ${dep}, which is not declared before it")
    endif()
    list(APPEND dep_targets ${dep_target})
  endforeach()
  if(sources OR M_SOURCES)
    add_library(${target} STATIC ${sources} ${M_SOURCES})
    set(scope PUBLIC)
  else()
    add_library(${target} INTERFACE)
    set(scope INTERFACE)
  endif()
  target_include_directories(${target} ${scope} ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} ${scope} ${dep_targets} ${M_LIBS})

  set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}.layers)
  add_custom_command(OUTPUT ${stamp}
    COMMAND ${Python3_EXECUTABLE} ${OKO_CHECK_LAYERS} --module ${folder}
            --allow ${M_DEPENDS} --forbid ${M_FORBID} --stamp ${stamp} -- ${sources} ${headers}
    DEPENDS ${sources} ${headers} ${OKO_CHECK_LAYERS}
    COMMENT "Checking the includes of ${folder}" VERBATIM)
  add_custom_target(${target}_layers DEPENDS ${stamp})
  add_dependencies(${target} ${target}_layers)
endfunction()
