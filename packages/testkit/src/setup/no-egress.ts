// Placeholder replaced by the testkit implementation.
export {};
