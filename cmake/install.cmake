# What `cmake --install` lays out, in Debian's places (GNUInstallDirs), and
# the Debian package CPack builds from it (scripts/package.sh).
include(GNUInstallDirs)

# The completion scripts are written by the vpt just built, from its own
# command definitions, so they cannot drift from the commands. The man page
# gets the project's version in its .TH line (cmake/man_page.cmake) and is
# compressed as Debian compresses it (-n: no name or time stamp inside, so
# the same page gives the same bytes).
set(VPT_SHARE_BUILD_DIR ${PROJECT_BINARY_DIR}/share)
set(VPT_BASH_COMPLETION ${VPT_SHARE_BUILD_DIR}/bash-completion/vpt)
set(VPT_ZSH_COMPLETION ${VPT_SHARE_BUILD_DIR}/zsh/_vpt)
set(VPT_MAN_PAGE_BUILT ${VPT_SHARE_BUILD_DIR}/man/vpt.1)
set(VPT_MAN_PAGE_GZ ${VPT_SHARE_BUILD_DIR}/man/vpt.1.gz)
set(VPT_WRITE_OUTPUT ${CMAKE_COMMAND} -P ${PROJECT_SOURCE_DIR}/cmake/write_output.cmake)
add_custom_command(
  OUTPUT ${VPT_BASH_COMPLETION} ${VPT_ZSH_COMPLETION}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${VPT_SHARE_BUILD_DIR}/bash-completion ${VPT_SHARE_BUILD_DIR}/zsh
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${VPT_BASH_COMPLETION} "-DCOMMAND=$<TARGET_FILE:vpt>;completion;bash"
          -P ${PROJECT_SOURCE_DIR}/cmake/write_output.cmake
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${VPT_ZSH_COMPLETION} "-DCOMMAND=$<TARGET_FILE:vpt>;completion;zsh"
          -P ${PROJECT_SOURCE_DIR}/cmake/write_output.cmake
  DEPENDS vpt ${PROJECT_SOURCE_DIR}/cmake/write_output.cmake
  COMMENT "Writing the bash and zsh completion from vpt's commands"
  VERBATIM)
find_program(GZIP gzip REQUIRED)
add_custom_command(
  OUTPUT ${VPT_MAN_PAGE_BUILT} ${VPT_MAN_PAGE_GZ}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${VPT_SHARE_BUILD_DIR}/man
  COMMAND ${CMAKE_COMMAND} -DINPUT=${PROJECT_SOURCE_DIR}/man/vpt.1 -DOUTPUT=${VPT_MAN_PAGE_BUILT}
          -DVERSION=${PROJECT_VERSION} -P ${PROJECT_SOURCE_DIR}/cmake/man_page.cmake
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${VPT_MAN_PAGE_GZ} "-DCOMMAND=${GZIP};-9n;-c;${VPT_MAN_PAGE_BUILT}"
          -P ${PROJECT_SOURCE_DIR}/cmake/write_output.cmake
  DEPENDS ${PROJECT_SOURCE_DIR}/man/vpt.1 ${PROJECT_SOURCE_DIR}/cmake/man_page.cmake
          ${PROJECT_SOURCE_DIR}/cmake/write_output.cmake
  COMMENT "Writing the man page with vpt's version, compressed"
  VERBATIM)
add_custom_target(vpt_share_files ALL DEPENDS ${VPT_BASH_COMPLETION} ${VPT_ZSH_COMPLETION} ${VPT_MAN_PAGE_GZ})

install(TARGETS vpt RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${VPT_MAN_PAGE_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${VPT_BASH_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${VPT_ZSH_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
# The JSON Schemas of --json output; none yet is none installed.
file(GLOB VPT_JSON_SCHEMAS CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/man/schemas/*.schema.json)
if(VPT_JSON_SCHEMAS)
  install(FILES ${VPT_JSON_SCHEMAS} DESTINATION ${CMAKE_INSTALL_DATADIR}/vpt/schemas)
endif()

# The Debian package: Depends is what dpkg-shlibdeps finds the binary linked
# against, never a hand-kept list; libvirt's daemon and virsh are only
# recommended, as vpt may drive a remote host's libvirt.
set(VPT_PACKAGE_MAINTAINER "vpt maintainers <vpt@localhost>" CACHE STRING
    "The Maintainer field of the Debian package")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vpt)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${VPT_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${VPT_PACKAGE_MAINTAINER})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "safe PCI passthrough (VFIO) for KVM guests on a libvirt host")
set(CPACK_PACKAGE_DESCRIPTION
    "vpt lists a host's PCI devices with their IOMMU groups, checks that the host\n"
    "is ready for VFIO passthrough, detaches whole IOMMU groups to vfio-pci and\n"
    "gives devices, SR-IOV virtual functions and VF pools to KVM guests through\n"
    "libvirt, all or nothing, with a journal to recover an interrupted change.")
string(CONCAT CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libvirt-clients, libvirt-daemon, pci.ids, libgvc6")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # vpt_VERSION_ARCH.deb
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
