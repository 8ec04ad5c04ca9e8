// Simulates a plugin whose import fails (a missing native binding, a syntax error in a dependency).
throw new Error("Cannot load native binding for this platform");
