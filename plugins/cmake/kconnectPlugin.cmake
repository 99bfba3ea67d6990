# kconnect_add_plugin(<target> <sources...>): builds a connector plugin module
# (.so) against the SDK with the settings the plugin ABI needs: C++20, hidden
# visibility (only the manifest and factory are exported), no "lib" prefix.
function(kconnect_add_plugin target)
  add_library(${target} MODULE ${ARGN})
  target_link_libraries(${target} PRIVATE kconnect::sdk)
  set_target_properties(${target} PROPERTIES
    CXX_STANDARD 20 CXX_STANDARD_REQUIRED ON
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    PREFIX "")
endfunction()
