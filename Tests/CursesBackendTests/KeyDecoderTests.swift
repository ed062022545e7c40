@testable import CursesBackend
import CNcursesw
import Console
import Testing

@Suite struct KeyDecoderTests {
    @Test func characters() {
        #expect(KeyDecoder.decode(character: 0x6A) == .character("j"))
        #expect(KeyDecoder.decode(character: 0x65E5) == .character("日"))
        #expect(KeyDecoder.decode(character: 0x1F525) == .character("🔥"))
        #expect(KeyDecoder.decode(character: 0x1B) == .escape)
        #expect(KeyDecoder.decode(character: 0x09) == .tab)
        #expect(KeyDecoder.decode(character: 0x0D) == .enter)
        #expect(KeyDecoder.decode(character: 0x7F) == .backspace)
        #expect(KeyDecoder.decode(character: 0x15) == .control("u"))
        #expect(KeyDecoder.decode(character: 0x9B) == nil, "a C1 CSI is never a key")
    }

    @Test func functionKeys() {
        #expect(KeyDecoder.decode(code: pm_key_up()) == .up)
        #expect(KeyDecoder.decode(code: pm_key_npage()) == .pageDown)
        #expect(KeyDecoder.decode(code: pm_key_btab()) == .backTab)
        #expect(KeyDecoder.decode(code: pm_key_dc()) == .delete)
        #expect(KeyDecoder.decode(code: pm_key_f(1)) == .function(1))
        #expect(KeyDecoder.decode(code: pm_key_backspace()) == .backspace)
    }
}
