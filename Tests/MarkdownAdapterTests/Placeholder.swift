import Testing

@Test func MarkdownAdapterTestsBuilds() {
    #expect(Bool(true))
}
