/// The library cache's byte format: little-endian integers, strings as a length and UTF-8, enums
/// by their raw value. Decoding it costs a fraction of a millisecond, where JSONDecoder took most of
/// a start resolving generic Codable types at run time (BENCHMARKS.md).
struct CacheBytes {
    struct Malformed: Error {}

    private(set) var bytes: [UInt8]
    private var offset = 0

    /// An empty buffer to write into.
    init() { bytes = [] }

    /// Bytes to read from the start.
    init(reading bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    // MARK: Writing

    mutating func write(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func write(_ value: String) {
        write(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func write<T: RawRepresentable<String>>(_ value: T) { write(value.rawValue) }

    /// A presence flag, then the value when there is one.
    mutating func write<T>(_ value: T?, _ body: (inout CacheBytes, T) -> Void) {
        write(value != nil)
        if let value { body(&self, value) }
    }

    mutating func write<T>(_ values: [T], _ body: (inout CacheBytes, T) -> Void) {
        write(values.count)
        for value in values { body(&self, value) }
    }

    // MARK: Reading (a short or damaged buffer throws: the cache is then rebuilt, never trusted)

    mutating func int() throws(Malformed) -> Int {
        guard bytes.count - offset >= 8 else { throw Malformed() }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int64.self) }
        offset += 8
        return Int(Int64(littleEndian: value))
    }

    mutating func bool() throws(Malformed) -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Malformed() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func string() throws(Malformed) -> String {
        let count = try int()
        guard count >= 0, bytes.count - offset >= count else { throw Malformed() }
        let text = String(decoding: bytes[offset..<offset + count], as: UTF8.self)
        offset += count
        return text
    }

    mutating func value<T: RawRepresentable<String>>(_: T.Type = T.self) throws(Malformed) -> T {
        guard let value = T(rawValue: try string()) else { throw Malformed() }
        return value
    }

    mutating func optional<T>(_ body: (inout CacheBytes) throws(Malformed) -> T) throws(Malformed) -> T? {
        try bool() ? try body(&self) : nil
    }

    mutating func array<T>(_ body: (inout CacheBytes) throws(Malformed) -> T) throws(Malformed) -> [T] {
        let count = try int()
        // Every element takes at least one byte, so a damaged count cannot ask for more.
        guard count >= 0, count <= bytes.count - offset else { throw Malformed() }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try body(&self)) }
        return values
    }
}
