import Testing

@Test func SQLiteStoreTestsBuilds() {
    #expect(Bool(true))
}
