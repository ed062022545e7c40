import FuzzTargets
#if canImport(Glibc)
import Glibc
#endif

// The fuzzing driver (`scripts/fuzz`). Built with `-sanitize=fuzzer -D FUZZING`, it hands the
// target named by $POSTMOTERM_FUZZ_TARGET to libFuzzer (its arguments are libFuzzer's). Built
// normally, it replays files: `postmoterm-fuzz TARGET FILE…` runs each file through TARGET once,
// which is how a crash input is looked at under a debugger.

/// Writes `text` and a newline to standard error.
func complain(_ text: String) {
    let line = Array((text + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

nonisolated(unsafe) var selected = FuzzTarget.playbook

let name = getenv("POSTMOTERM_FUZZ_TARGET").map { String(cString: $0) } ?? ""
guard let target = FuzzTarget(rawValue: name) else {
    complain("set POSTMOTERM_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
    exit(2)
}
selected = target
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    selected.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
})
#else
let arguments = CommandLine.arguments.dropFirst()
guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
    complain("usage: postmoterm-fuzz TARGET FILE… (TARGET: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))")
    exit(2)
}
for path in arguments.dropFirst() {
    guard let file = fopen(path, "rb") else {
        complain("\(path): cannot open")
        exit(1)
    }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes.append(contentsOf: buffer[0..<count])
    }
    fclose(file)
    target.run(bytes)
    print("\(path): ok")
}
#endif
