# golden tests: filled in below
