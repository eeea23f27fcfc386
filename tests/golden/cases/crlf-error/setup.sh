#!/bin/sh
# Windows line endings and an error on line 3: the column must count code
# points from the line start (no CR in the excerpt, "*" is column 13).
printf 'let a = 1\r\nlet b = 2\r\nlet c = a + * b\r\n' >input.stack
