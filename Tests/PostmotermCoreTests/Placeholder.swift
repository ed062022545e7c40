import Testing

@Test func PostmotermCoreTestsBuilds() {
    #expect(Bool(true))
}
