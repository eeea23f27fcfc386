# unit tests: filled in below
