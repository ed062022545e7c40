/// One answer of a ``HostileBalancer``: the bytes it writes and how it ends the connection. The
/// static members are the malformed answers of issues 14.6 and 18 (1, 2, 11), each as a balancer
/// really sent it or could.
public struct HostileAnswer: Sendable {
    /// How the connection ends after the bytes.
    public enum Ending: Sendable {
        /// A clean close (FIN).
        case close
        /// A reset (RST), as a crashing balancer.
        case reset
        /// Kept open for the next command (the runtime API in interactive mode).
        case keepOpen
        /// Kept open and silent: the client must give up on its own deadline.
        case hold
    }

    public var bytes: [UInt8]
    public var ending: Ending

    public init(_ bytes: [UInt8], ending: Ending = .close) {
        self.bytes = bytes
        self.ending = ending
    }

    public init(_ text: String, ending: Ending = .close) {
        self.init(Array(text.utf8), ending: ending)
    }

    // MARK: - HAProxy `show stat`

    /// A whole `show stat` answer as HAProxy 2.6 writes it: header, rows, and the empty line
    /// that ends every runtime API answer. `weight` is each server's weight.
    public static func showStat(weight: String = "1", servers: Int = 2) -> String {
        var text = "# pxname,svname,qcur,scur,status,weight,type,uweight,\n"
        text += "fe,FRONTEND,,0,OPEN,,0,,\n"
        for index in 1...servers { text += "be,s\(index),0,0,UP,\(weight),2,\(weight),\n" }
        text += "be,BACKEND,0,0,UP,\(servers),1,\(servers),\n"
        return text + "\n"
    }

    /// `show stat` closed right after a complete row, before the backend's last server.
    public static var showStatCutAfterARow: HostileAnswer {
        let whole = showStat(servers: 3)
        let cut = whole.range(of: "be,s3")!.lowerBound
        return HostileAnswer(String(whole[..<cut]))
    }

    /// `show stat` with every row but without the final empty line, then closed.
    public static var showStatWithoutItsEnd: HostileAnswer {
        HostileAnswer(String(showStat().dropLast()))
    }

    /// Interactive mode: a header cut in the middle of its names, then (from the server) the prompt.
    public static var cutHeaderThenPrompt: HostileAnswer {
        HostileAnswer("# pxname,svname,qcur,scur,sta\n", ending: .keepOpen)
    }

    /// Two servers at `Int64.max`: their sum overflows a 64-bit integer.
    public static var showStatWeightsPastInt64: HostileAnswer {
        HostileAnswer(showStat(weight: "9223372036854775807"))
    }

    // MARK: - HTTP

    /// A `200` answer with `headers` (CRLF-separated lines, no trailing CRLF) and raw `body`.
    public static func http(_ headers: String, body: String, ending: Ending = .close) -> HostileAnswer {
        HostileAnswer("HTTP/1.1 200 OK\r\n" + headers + "\r\n\r\n" + body, ending: ending)
    }

    /// The stats page's CSV, `Content-Length` 10 bytes more than is sent, then closed.
    public static var httpShortBody: HostileAnswer {
        let body = String(showStat().dropLast())
        return http("Content-Type: text/plain\r\nContent-Length: \(body.utf8.count + 10)", body: body)
    }

    /// `Content-Length: -5`.
    public static var httpNegativeLength: HostileAnswer {
        http("Content-Length: -5", body: String(showStat().dropLast()))
    }

    /// A chunked CSV cut exactly at a row boundary: its chunks are whole, the last chunk never comes.
    public static var httpChunkedCutAtARow: HostileAnswer {
        let rows = String(showStat().dropLast())
        let cut = String(rows[..<rows.range(of: "be,BACKEND")!.lowerBound])
        return http("Transfer-Encoding: chunked", body: String(cut.utf8.count, radix: 16) + "\r\n" + cut + "\r\n")
    }

    /// A chunk whose data happens to end in `0\r\n\r\n` while the chunk is still open; then held
    /// open (a reader that takes those bytes as the last chunk answers at once, wrongly).
    public static var httpChunkEndLookalike: HostileAnswer {
        let data = "pxname,svname,status,weight,type\nbe,s1,UP,1,2\nbe,BACKEND,UP,1,1,0\r\n\r\n"
        return http("Transfer-Encoding: chunked", body: String(data.utf8.count + 40, radix: 16) + "\r\n" + data, ending: .hold)
    }

    /// A whole chunked answer, with an extension and a trailer.
    public static func httpChunked(_ body: String) -> HostileAnswer {
        http("Transfer-Encoding: chunked", body: String(body.utf8.count, radix: 16) + ";src=lab\r\n" + body + "\r\n0\r\nX-Checked: yes\r\n\r\n")
    }

    // MARK: - Envoy

    /// `/clusters?format=json` with one cluster of two hosts at `weight` (a JSON number).
    public static func envoyClusters(weight: String) -> String {
        let host = { (port: Int) in
            "{\"address\":{\"socket_address\":{\"address\":\"127.0.0.1\",\"port_value\":\(port)}},\"health_status\":{\"eds_health_status\":\"HEALTHY\"},\"weight\":\(weight)}"
        }
        return "{\"cluster_statuses\":[{\"name\":\"api\",\"host_statuses\":[\(host(8001)),\(host(8002))]}]}"
    }
}
