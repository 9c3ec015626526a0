# Fonts are Debian's DejaVu (fonts-dejavu-core), compiled into the binary at build time so that
# Oko runs from anywhere and renders identically everywhere. Nothing is copied into the repository.
find_file(OKO_FONT_REGULAR DejaVuSans.ttf PATHS /usr/share/fonts/truetype/dejavu REQUIRED NO_DEFAULT_PATH)
find_file(OKO_FONT_BOLD DejaVuSans-Bold.ttf PATHS /usr/share/fonts/truetype/dejavu REQUIRED NO_DEFAULT_PATH)
set(OKO_FONT_ASM "${CMAKE_BINARY_DIR}/fonts/fonts.S")
file(WRITE "${OKO_FONT_ASM}.in" [=[
    .section .rodata
    .global oko_font_regular
    .global oko_font_regular_end
    .global oko_font_bold
    .global oko_font_bold_end
    .balign 16
oko_font_regular:
    .incbin "@OKO_FONT_REGULAR@"
oko_font_regular_end:
    .balign 16
oko_font_bold:
    .incbin "@OKO_FONT_BOLD@"
oko_font_bold_end:
    .section .note.GNU-stack,"",@progbits
]=])
configure_file("${OKO_FONT_ASM}.in" "${OKO_FONT_ASM}" @ONLY)
enable_language(ASM)
add_library(oko_fonts STATIC "${OKO_FONT_ASM}")
set_source_files_properties("${OKO_FONT_ASM}" PROPERTIES OBJECT_DEPENDS "${OKO_FONT_REGULAR};${OKO_FONT_BOLD}")
