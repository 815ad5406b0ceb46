import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One process writes a store at a time: an advisory lock on `STORE.lock`, held for the life of the
/// REPL. A second convene gets a clear message instead of racing the first.
public final class StoreLock: Sendable {
    let descriptor: Int32

    public init(storePath: String) throws(StoreError) {
        let lockPath = storePath + ".lock"
        let fd = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EROFS || errno == EACCES {
                throw StoreError(.readOnly, "store \(storePath) is read-only: check its permissions, or pass --store with a writable path")
            }
            throw StoreError(.cannotOpen, "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = pread(fd, &buffer, 31, 0)
            let pid = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            Glibc.close(fd)
            throw StoreError(.inUse, "store \(storePath) is in use by another convene (pid \(pid)): finish or quit that session first")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        Glibc.close(descriptor)
    }
}
