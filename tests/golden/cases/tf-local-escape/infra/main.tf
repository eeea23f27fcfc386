# outside the root
