import Dispatch
import Synchronization

extension PlaybookBuilder {
    /// Below this many steps (about), phases are built one after the other: threads would
    /// cost more than they save.
    static let defaultConcurrentStepCount = 2_000

    /// Drafts of the phases `phases` (section index and claimed phase id) of `sections`, made
    /// concurrently, by section index. A draft depends only on its section's blocks and id.
    static func draftConcurrently(
        _ phases: [(index: Int, id: String)], of sections: [DocumentOutline.Section], path: String
    ) -> [Int: PhaseDraft] {
        let drafts = Mutex<[Int: PhaseDraft]>([:])
        DispatchQueue.concurrentPerform(iterations: phases.count) { task in
            let (index, id) = phases[task]
            let section = sections[index]
            let draft = BuildState.draftPhase(
                id: id, title: section.title, line: section.position.line, blocks: section.blocks, path: path, claimingIDs: true
            )
            drafts.withLock { $0[index] = draft }
        }
        // Taken out of the lock, not copied: each draft stays uniquely referenced, so adding it
        // writes its step ids in place.
        return drafts.withLock { drafts in
            var taken: [Int: PhaseDraft] = [:]
            swap(&taken, &drafts)
            return taken
        }
    }
}
