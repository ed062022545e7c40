import CNcursesw
import Console

/// Turns what `wget_wch` returned into a ``KeyPress``.
enum KeyDecoder {
    /// A function key code (`KEY_CODE_YES`).
    static func decode(code: Int32) -> KeyPress? {
        switch code {
        case pm_key_up(): return .up
        case pm_key_down(): return .down
        case pm_key_left(): return .left
        case pm_key_right(): return .right
        case pm_key_home(): return .home
        case pm_key_end(): return .end
        case pm_key_ppage(): return .pageUp
        case pm_key_npage(): return .pageDown
        case pm_key_btab(): return .backTab
        case pm_key_enter(): return .enter
        case pm_key_backspace(): return .backspace
        case pm_key_dc(): return .delete
        default:
            for number in 1...12 where code == pm_key_f(Int32(number)) { return .function(number) }
            return nil
        }
    }

    /// A character.
    static func decode(character value: UInt32) -> KeyPress? {
        switch value {
        case 0x1B: return .escape
        case 0x09: return .tab
        case 0x0A, 0x0D: return .enter
        case 0x7F, 0x08: return .backspace
        case 0x01...0x1A:
            guard let scalar = Unicode.Scalar(value + 0x60) else { return nil }
            return .control(Character(scalar))
        case 0x00, 0x1C...0x1F, 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }
}
