# fmt tests: filled in below
