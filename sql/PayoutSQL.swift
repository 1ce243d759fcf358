// The project's SQL, embedded into the binary.
