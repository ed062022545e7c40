import BalancerAdapters
import Testing

/// The HTTP/1.x framing of the small client: every way an answer can be cut short or badly
/// framed is an error naming what was wrong, never a shorter body (issues 14.6, 18.2).
@Suite struct HTTPResponseTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    static let chunkedHead = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"

    @Test func aBodyShorterThanItsContentLengthIsCutShort() throws {
        #expect(throws: HTTPResponse.ParseError.shortBody(expected: 10, got: 3)) {
            try HTTPResponse.parse(Self.bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))
        }
        #expect(try HTTPResponse.parse(Self.bytes("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc")).body == Self.bytes("abc"))
    }

    @Test(arguments: ["-5", "abc", "5, 6", "", "+5", "0x10", "99999999999999999999", "5 5"])
    func anInvalidContentLengthIsRefused(_ value: String) {
        #expect(throws: HTTPResponse.ParseError.badContentLength(value)) {
            try HTTPResponse.parse(Self.bytes("HTTP/1.1 200 OK\r\nContent-Length: \(value)\r\n\r\nabcdef"))
        }
    }

    @Test func aRepeatedContentLengthThatAgreesIsOneLength() throws {
        let response = try HTTPResponse.parse(Self.bytes("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nabcdef"))
        #expect(response.body == Self.bytes("ab"))
    }

    @Test func chunkedBodiesDecodeSizesExtensionsAndTrailers() throws {
        let text = Self.chunkedHead + "4;name=value;flag\r\nabcd\r\nA \r\n0123456789\r\n000\r\nX-Trailer: t\r\nOther: o\r\n\r\n"
        #expect(try HTTPResponse.parse(Self.bytes(text)).body == Self.bytes("abcd0123456789"))
    }

    @Test func bytesThatOnlyEndLikeTheLastChunkAreNotAWholeBody() throws {
        // The data of a chunk that happens to end in "0\r\n\r\n", its chunk still open: the old
        // reader called it whole.
        let cut = Self.chunkedHead + "20\r\nrows,0\r\n\r\n"
        var framing = HTTPResponseFraming()
        #expect(try framing.advance(Self.bytes(cut)) == false)
        #expect(throws: HTTPResponse.ParseError.truncatedChunked(got: 0)) { try HTTPResponse.parse(Self.bytes(cut)) }
    }

    @Test func aChunkedBodyCutAtAChunkBoundaryIsTruncated() {
        for cut in ["4\r\nabcd\r\n", "4\r\nabcd\r\n0\r\n", "4\r\nabcd\r\n0\r\nX-T: 1\r\n", "4\r\nab"] {
            #expect(throws: HTTPResponse.ParseError.self) { try HTTPResponse.parse(Self.bytes(Self.chunkedHead + cut)) }
        }
    }

    @Test(arguments: ["zz\r\nab\r\n0\r\n\r\n", "4\r\nabcdEF\r\n0\r\n\r\n", "4\nabcd\r\n0\r\n\r\n", "4 x\r\nabcd\r\n0\r\n\r\n",
                      "fffffffffffffffffff\r\n", "4\r\nabcd\r\r\n0\r\n\r\n"])
    func malformedChunksAreRefused(_ body: String) {
        #expect(throws: HTTPResponse.ParseError.self) { try HTTPResponse.parse(Self.bytes(Self.chunkedHead + body)) }
    }

    @Test func theFramingIsWholeExactlyWhenTheLastByteArrives() throws {
        for text in [Self.chunkedHead + "3\r\nabc\r\n0\r\nT: 1\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                     "HTTP/1.1 204 No Content\r\n\r\n"] {
            let all = Self.bytes(text)
            var framing = HTTPResponseFraming()
            for count in 1..<all.count {
                #expect(try framing.advance(Array(all[..<count])) == false, "whole after \(count) of \(all.count) bytes")
            }
            #expect(try framing.advance(all))
        }
    }

    @Test func anAnswerWithoutLengthRunsToTheClose() throws {
        var framing = HTTPResponseFraming()
        let text = Self.bytes("HTTP/1.0 200 OK\r\n\r\nuntil the close")
        #expect(try framing.advance(text) == false)
        #expect(try HTTPResponse.parse(text).body == Self.bytes("until the close"))
    }

    @Test func whatIsNotHTTPIsKnownFromItsFirstBytes() {
        var framing = HTTPResponseFraming()
        #expect(throws: HTTPResponse.ParseError.self) { try framing.advance(Self.bytes("SSH-2")) }
        #expect(throws: HTTPResponse.ParseError.self) { try HTTPResponse.parse(Self.bytes("HTTP/1.1 2000 OK\r\n\r\n")) }
    }
}
