user: ${user}
