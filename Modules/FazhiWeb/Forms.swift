package import Foundation
import MultipartKit
import NIOCore

/// A posted form: its fields (the last value of a name wins) and its files.
package struct Form: Sendable {
    package struct File: Sendable {
        package var field: String
        package var filename: String
        package var data: Data
    }

    package var fields: [String: String] = [:]
    package var files: [File] = []

    package init(fields: [String: String] = [:], files: [File] = []) {
        self.fields = fields
        self.files = files
    }

    package subscript(_ name: String) -> String? { fields[name] }

    /// Reads `application/x-www-form-urlencoded` or `multipart/form-data` by the request's content type.
    static func parse(_ body: ByteBuffer, contentType: String?) throws(FormError) -> Form {
        let type = (contentType ?? "").lowercased()
        if type.hasPrefix("multipart/form-data") {
            guard let boundary = parameter("boundary", in: contentType ?? "") else { throw FormError("multipart/form-data without a boundary") }
            return try multipart(body, boundary: boundary)
        }
        if type.isEmpty || type.hasPrefix("application/x-www-form-urlencoded") {
            return urlEncoded(String(buffer: body))
        }
        throw FormError("unexpected content type \(contentType ?? ""); expected a form")
    }

    /// The names and values of a URL-encoded body. Written here rather than decoded with Hummingbird's
    /// URLEncodedFormDecoder: the pages' field names are made from indicator and metric ids, so the
    /// form is read as a dictionary, not as a fixed Decodable type.
    static func urlEncoded(_ text: String) -> Form {
        var form = Form()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            form.fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return form
    }

    static func multipart(_ body: ByteBuffer, boundary: String) throws(FormError) -> Form {
        let parser = MultipartParser(boundary: boundary)
        var form = Form()
        var headers: [(String, String)] = []
        var content = ByteBuffer()
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in content.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            if let name = parameter("name", in: disposition) {
                if let filename = parameter("filename", in: disposition) {
                    if !filename.isEmpty || content.readableBytes > 0 {
                        form.files.append(File(field: name, filename: filename, data: Data(content.readableBytesView)))
                    }
                } else {
                    form.fields[name] = String(buffer: content)
                }
            }
            headers = []
            content = ByteBuffer()
        }
        do { try parser.execute(body) } catch { throw FormError("the form's multipart body cannot be read: \(error)") }
        return form
    }

    /// A parameter of a header value: `name` in `form-data; name="f:nx-1"; filename="材料.pdf"`.
    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pieces = part.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2, pieces[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pieces[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            return value
        }
        return nil
    }
}

package struct FormError: Error, Sendable {
    package var message: String
    init(_ message: String) { self.message = message }
}

/// The kinds of 佐证材料 accepted, told by their content (magic bytes), never by the name or the
/// browser's content type.
package enum FileKind: String, Sendable, CaseIterable {
    case pdf, png, jpeg, docx, xlsx, ofd, doc, xls

    package var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .ofd: "application/ofd"
        case .doc: "application/msword"
        case .xls: "application/vnd.ms-excel"
        }
    }

    /// Shown in the browser (PDF and images); the rest are downloaded.
    package var inline: Bool { self == .pdf || self == .png || self == .jpeg }

    static let accepted = "PDF、PNG、JPEG、Word（.docx/.doc）、Excel（.xlsx/.xls）或 OFD"

    /// What the bytes are, or nil. A zip is a docx, xlsx or OFD only with that format's own entry
    /// names inside; an OLE2 compound file is a .doc or .xls by the name's extension (both formats share
    /// the container).
    package static func sniff(_ data: Data, name: String) -> FileKind? {
        let bytes = [UInt8](data.prefix(8))
        func starts(_ magic: [UInt8]) -> Bool { bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        let ext = (name as NSString).pathExtension.lowercased()
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            func has(_ entry: String) -> Bool { data.range(of: Data(entry.utf8)) != nil }
            if has("word/document.xml") { return .docx }
            if has("xl/workbook.xml") { return .xlsx }
            if has("OFD.xml") { return .ofd }
            return nil
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            switch ext {
            case "doc": return .doc
            case "xls": return .xls
            default: return nil
            }
        }
        return nil
    }
}
