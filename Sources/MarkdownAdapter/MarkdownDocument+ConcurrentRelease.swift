import Dispatch
import PostmotermCore

extension MarkdownDocument {
    /// Frees the tree of a large document on all cores, one top-level block's subtree per task,
    /// instead of in one recursive release on the caller's thread (a 10,000-step playbook's
    /// tree is about a hundred thousand small arrays and strings). Only a document no one else
    /// holds gains anything; another holder simply keeps its blocks alive.
    consuming func releaseConcurrently() {
        var blocks = self.blocks
        self = MarkdownDocument(blocks: [])
        guard blocks.count > 1 else { return }
        blocks.withUnsafeMutableBufferPointer { buffer in
            let slots = Slots(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: buffer.count) { index in
                // Each index is written by exactly one task: the old value is released here.
                slots.buffer[index] = .thematicBreak(.start)
            }
        }
    }

    /// The blocks' storage, shared by the release tasks, which all end before
    /// `withUnsafeMutableBufferPointer` does.
    private struct Slots: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<MarkdownBlock>
    }
}
