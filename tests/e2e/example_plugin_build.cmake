# Builds plugins/examples out of tree against the SDK as installed from this
# build, and checks that the result is a loadable-looking kconnect plugin.
#
# Run as: cmake -DKC_BINARY_DIR=<build> -DKC_SOURCE_DIR=<src> -DWORK_DIR=<scratch>
#               [-DKC_GENERATOR=<gen>] [-DKC_CXX_COMPILER=<c++>] -P example_plugin_build.cmake
#
# Only the SDK's own install rules are run (plugins/cmake_install.cmake), so the
# test depends on the SDK having been built, not on every installable target.

foreach(var KC_BINARY_DIR KC_SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "${var} is not set")
  endif()
endforeach()

set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run_step name)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name} failed (${rc}):\n${out}\n${err}")
  endif()
  message(STATUS "${name}: ok")
endfunction()

# 1. Install the SDK (headers, libkconnect-sdk.so, the CMake package) to a prefix.
set(sdk_install_script ${KC_BINARY_DIR}/plugins/cmake_install.cmake)
if(NOT EXISTS ${sdk_install_script})
  message(FATAL_ERROR "${sdk_install_script} not found: is KC_BINARY_DIR a kconnect build?")
endif()
run_step("install SDK" ${CMAKE_COMMAND} -DCMAKE_INSTALL_PREFIX=${prefix}
  -P ${sdk_install_script})

# 2. Configure and build the example against that prefix only.
set(configure_args -S ${KC_SOURCE_DIR}/plugins/examples -B ${build}
  -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-Werror)
if(KC_GENERATOR)
  list(APPEND configure_args -G ${KC_GENERATOR})
endif()
if(KC_CXX_COMPILER)
  # The plugin must be built with the worker's toolchain (the manifest says so).
  list(APPEND configure_args -DCMAKE_CXX_COMPILER=${KC_CXX_COMPILER})
endif()
run_step("configure example" ${CMAKE_COMMAND} ${configure_args})
run_step("build example" ${CMAKE_COMMAND} --build ${build})

# 3. The module exists and carries the manifest section and the factory.
set(module ${build}/kconnect-example-counter.so)
if(NOT EXISTS ${module})
  message(FATAL_ERROR "${module} was not produced")
endif()
find_program(READELF readelf)
if(NOT READELF)
  message(FATAL_ERROR "readelf not found")
endif()
execute_process(COMMAND ${READELF} -S -W ${module} OUTPUT_VARIABLE sections RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT sections MATCHES "\\.kconnect_manifest")
  message(FATAL_ERROR "${module} has no .kconnect_manifest section:\n${sections}")
endif()
execute_process(COMMAND ${READELF} --dyn-syms -W ${module} OUTPUT_VARIABLE symbols)
foreach(symbol kconnect_manifest kconnect_create)
  if(NOT symbols MATCHES " ${symbol}\n")
    message(FATAL_ERROR "${module} does not export ${symbol}")
  endif()
endforeach()
# The manifest names the connector class (read straight from the section bytes).
execute_process(COMMAND ${READELF} -p .kconnect_manifest ${module} OUTPUT_VARIABLE manifest)
if(NOT manifest MATCHES "com\\.example\\.CounterSourceConnector")
  message(FATAL_ERROR "manifest does not declare com.example.CounterSourceConnector:\n${manifest}")
endif()
message(STATUS "example plugin OK: ${module}")
