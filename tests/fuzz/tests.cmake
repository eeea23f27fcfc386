# fuzz tests: filled in below
