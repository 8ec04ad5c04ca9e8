// Not made by defineProvider(): the registry must refuse it with a clear message.
export default { type: "wrong_shape", test: async () => ({ success: true }) };
