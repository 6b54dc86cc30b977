import Foundation

/// Runs a command of the release build as its own process and times it: spawned and waited for with
/// `posix_spawn` and `waitpid`, its output discarded, so that nothing but the child's run is timed.
enum CommandTimer {
    /// The path of an executable beside this one; exits with status 69 when it is not built.
    static func sibling(_ name: String) throws -> String {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            FileHandle.standardError.write(Data("build it first: swift build -c release --product \(name) (\(path))\n".utf8))
            exit(69)
        }
        return path
    }

    /// The wall time of one run of `executable` with `arguments`. Exit status 0, or 2 when `allowing` says
    /// so (`migrate status`: something to do), is success; anything else stops the benchmark.
    static func time(_ executable: String, _ arguments: [String], allowing statuses: Set<Int32> = [0, 2]) throws -> Double {
        run([executable] + arguments, allowing: statuses).wall
    }

    /// The wall and CPU time (user and system, the child's waited-for descendants included) of one run of
    /// `executable` with `arguments` in `directory` (through `env -C`); anything but exit status 0 stops the
    /// benchmark.
    static func timeWithCPU(_ executable: String, _ arguments: [String], in directory: String) throws -> (wall: Double, cpu: Double) {
        run(["/usr/bin/env", "-C", directory, executable] + arguments, allowing: [0])
    }

    /// Spawns `command` (its output discarded) with `posix_spawn`, waits for it with `wait4` and returns its
    /// wall and CPU time; exits the benchmark when it cannot start or ends with a status not in `statuses`.
    private static func run(_ command: [String], allowing statuses: Set<Int32>) -> (wall: Double, cpu: Double) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, command[0], &actions, nil, &argv, environ) == 0 else {
            FileHandle.standardError.write(Data("cannot start \(command[0])\n".utf8))
            exit(1)
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard status & 0x7f == 0, statuses.contains((status >> 8) & 0xff) else {
            FileHandle.standardError.write(Data("\(command.joined(separator: " ")) failed (wait status \(status))\n".utf8))
            exit(1)
        }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return (wall, seconds(usage.ru_utime) + seconds(usage.ru_stime))
    }
}
