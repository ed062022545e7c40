import Testing

@Test func CursesBackendTestsBuilds() {
    #expect(Bool(true))
}
