# Turn schema.sql into a C file holding one string, yosan_schema_sql.
file(READ ${IN} CONTENT HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," BYTES "${CONTENT}")
file(WRITE ${OUT} "/* generated from schema.sql: do not edit */\n"
     "extern const char yosan_schema_sql[];\n"
     "const char yosan_schema_sql[] = {${BYTES} 0x00};\n")
