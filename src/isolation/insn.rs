//! A typed eBPF instruction builder with labels: just what the socket-address programs need
//! (32-bit loads and stores of the context, 32-bit moves and masks, compares, exit, the stack,
//! helper calls and a map reference). Encoding
//! follows the kernel's `struct bpf_insn` (Documentation/bpf/standardization/instruction-set.rst);
//! building rdc needs no clang, no nightly Rust and no bpf-linker.

use std::collections::HashMap;

/// A register, r0..r10.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reg(pub(crate) u8);

pub(crate) const R0: Reg = Reg(0);
pub(crate) const R1: Reg = Reg(1);
pub(crate) const R2: Reg = Reg(2);
pub(crate) const R3: Reg = Reg(3);
pub(crate) const R4: Reg = Reg(4);
pub(crate) const R5: Reg = Reg(5);
pub(crate) const R6: Reg = Reg(6);
pub(crate) const R7: Reg = Reg(7);
/// The frame pointer (read-only): the stack lies below it.
pub(crate) const R10: Reg = Reg(10);

// Instruction classes, sizes, modes, operations (the kernel's BPF_* constants).
const LDX: u8 = 0x01;
const STX: u8 = 0x03;
const ALU: u8 = 0x04;
const JMP: u8 = 0x05;
const ALU64: u8 = 0x07;
const W: u8 = 0x00;
const DW: u8 = 0x18;
const LD: u8 = 0x00;
const IMM: u8 = 0x00;
const MEM: u8 = 0x60;
const K: u8 = 0x00;
const X: u8 = 0x08;
const ADD: u8 = 0x00;
const OR: u8 = 0x40;
const AND: u8 = 0x50;
const MOV: u8 = 0xb0;
const JA: u8 = 0x00;
const JEQ: u8 = 0x10;
const JNE: u8 = 0x50;
const CALL: u8 = 0x80;
const EXIT: u8 = 0x90;
/// `src` of a 64-bit immediate load whose immediate is a map's file descriptor.
const PSEUDO_MAP_FD: Reg = Reg(1);

/// One encoded instruction (`struct bpf_insn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Insn {
    pub(crate) code: u8,
    pub(crate) dst: u8,
    pub(crate) src: u8,
    pub(crate) off: i16,
    pub(crate) imm: i32,
}

impl Insn {
    /// The 8 bytes the kernel reads, in this machine's byte order.
    pub(crate) fn to_bytes(self) -> [u8; 8] {
        let mut b = [0u8; 8];
        b[0] = self.code;
        b[1] = (self.src << 4) | (self.dst & 0x0f);
        b[2..4].copy_from_slice(&self.off.to_ne_bytes());
        b[4..8].copy_from_slice(&self.imm.to_ne_bytes());
        b
    }
}

/// A jump target, resolved when the program is finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Label(u32);

/// A program under construction.
#[derive(Debug, Default)]
pub(crate) struct Asm {
    insns: Vec<Insn>,
    /// Instruction index → label its offset must reach.
    fixups: Vec<(usize, Label)>,
    labels: HashMap<Label, usize>,
    next: u32,
}

impl Asm {
    pub(crate) fn new() -> Asm {
        Asm::default()
    }

    pub(crate) fn label(&mut self) -> Label {
        self.next += 1;
        Label(self.next)
    }

    /// Place `l` at the next instruction.
    pub(crate) fn bind(&mut self, l: Label) -> &mut Self {
        self.labels.insert(l, self.insns.len());
        self
    }

    fn push(&mut self, code: u8, dst: Reg, src: Reg, off: i16, imm: i32) -> &mut Self {
        self.insns.push(Insn {
            code,
            dst: dst.0,
            src: src.0,
            off,
            imm,
        });
        self
    }

    /// `dst = src` (64-bit).
    pub(crate) fn mov64(&mut self, dst: Reg, src: Reg) -> &mut Self {
        self.push(ALU64 | MOV | X, dst, src, 0, 0)
    }

    /// `dst = (u32) imm` (the upper half is zeroed, so any 32-bit pattern compares as itself).
    pub(crate) fn mov32_imm(&mut self, dst: Reg, imm: u32) -> &mut Self {
        self.push(ALU | MOV | K, dst, R0, 0, imm as i32)
    }

    /// `dst = (u32) src`.
    pub(crate) fn mov32(&mut self, dst: Reg, src: Reg) -> &mut Self {
        self.push(ALU | MOV | X, dst, src, 0, 0)
    }

    /// `dst = (u32) (dst & imm)`.
    pub(crate) fn and32_imm(&mut self, dst: Reg, imm: u32) -> &mut Self {
        self.push(ALU | AND | K, dst, R0, 0, imm as i32)
    }

    /// `dst += imm` (64-bit; how a stack address is made from R10).
    pub(crate) fn add64_imm(&mut self, dst: Reg, imm: i32) -> &mut Self {
        self.push(ALU64 | ADD | K, dst, R0, 0, imm)
    }

    /// `dst |= src` (64-bit).
    pub(crate) fn or64(&mut self, dst: Reg, src: Reg) -> &mut Self {
        self.push(ALU64 | OR | X, dst, src, 0, 0)
    }

    /// `dst = *(u32 *)(src + off)`, zero-extended.
    pub(crate) fn load32(&mut self, dst: Reg, src: Reg, off: i16) -> &mut Self {
        self.push(LDX | MEM | W, dst, src, off, 0)
    }

    /// `*(u32 *)(dst + off) = src`.
    pub(crate) fn store32(&mut self, dst: Reg, off: i16, src: Reg) -> &mut Self {
        self.push(STX | MEM | W, dst, src, off, 0)
    }

    /// `*(u64 *)(dst + off) = src`.
    pub(crate) fn store64(&mut self, dst: Reg, off: i16, src: Reg) -> &mut Self {
        self.push(STX | MEM | DW, dst, src, off, 0)
    }

    /// `dst = map` (the map whose descriptor is `fd`; the kernel swaps in its address at load).
    /// Two instruction slots.
    pub(crate) fn ld_map_fd(&mut self, dst: Reg, fd: i32) -> &mut Self {
        self.push(LD | IMM | DW, dst, PSEUDO_MAP_FD, 0, fd)
            .push(0, R0, R0, 0, 0)
    }

    /// `r0 = helper(r1, …, r5)`; R1–R5 are clobbered.
    pub(crate) fn call(&mut self, helper: i32) -> &mut Self {
        self.push(JMP | CALL, R0, R0, 0, helper)
    }

    fn jump(&mut self, code: u8, dst: Reg, src: Reg, imm: i32, to: Label) -> &mut Self {
        self.fixups.push((self.insns.len(), to));
        self.push(code, dst, src, 0, imm)
    }

    /// `if a == b goto to` (64-bit registers).
    pub(crate) fn jeq(&mut self, a: Reg, b: Reg, to: Label) -> &mut Self {
        self.jump(JMP | JEQ | X, a, b, 0, to)
    }

    /// `if a != b goto to` (64-bit registers).
    pub(crate) fn jne(&mut self, a: Reg, b: Reg, to: Label) -> &mut Self {
        self.jump(JMP | JNE | X, a, b, 0, to)
    }

    /// `if a == 0 goto to`.
    pub(crate) fn jeq_zero(&mut self, a: Reg, to: Label) -> &mut Self {
        self.jump(JMP | JEQ | K, a, R0, 0, to)
    }

    /// `if a != 0 goto to`.
    pub(crate) fn jne_zero(&mut self, a: Reg, to: Label) -> &mut Self {
        self.jump(JMP | JNE | K, a, R0, 0, to)
    }

    /// `goto to`.
    pub(crate) fn ja(&mut self, to: Label) -> &mut Self {
        self.jump(JMP | JA, R0, R0, 0, to)
    }

    /// `return r0`.
    pub(crate) fn exit(&mut self) -> &mut Self {
        self.push(JMP | EXIT, R0, R0, 0, 0)
    }

    /// `return imm` (r0 = imm; exit).
    pub(crate) fn ret(&mut self, imm: u32) -> &mut Self {
        self.mov32_imm(R0, imm).exit()
    }

    /// The finished program. Panics on a label that was never placed (a bug in the generator,
    /// caught by its unit tests).
    pub(crate) fn finish(mut self) -> Vec<Insn> {
        for (at, label) in std::mem::take(&mut self.fixups) {
            let target = *self
                .labels
                .get(&label)
                .unwrap_or_else(|| panic!("label {label:?} never placed"));
            // Offsets count from the instruction after the jump.
            self.insns[at].off = (target as i64 - at as i64 - 1) as i16;
        }
        self.insns
    }
}

/// A program as the bytes `bpf(BPF_PROG_LOAD)` takes.
pub(crate) fn bytes(insns: &[Insn]) -> Vec<u8> {
    insns.iter().flat_map(|i| i.to_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_matches_the_kernel_layout() {
        // r0 = 1; exit — what `mov r0, 1; exit` assembles to.
        let mut a = Asm::new();
        a.ret(1);
        let b = bytes(&a.finish());
        assert_eq!(
            b,
            [0xb4, 0, 0, 0, 1, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0],
            "{b:02x?}"
        );
    }

    #[test]
    fn jumps_reach_their_labels() {
        let mut a = Asm::new();
        let end = a.label();
        a.jeq_zero(R1, end).ret(0).bind(end).ret(1);
        let p = a.finish();
        // jeq over the two instructions of `return 0`.
        assert_eq!(p[0].off, 2);
        assert_eq!(p[0].dst, 1);
    }

    #[test]
    fn a_map_reference_takes_two_slots_and_jumps_count_them() {
        let mut a = Asm::new();
        let end = a.label();
        a.jeq_zero(R1, end)
            .ld_map_fd(R1, 7)
            .call(1)
            .bind(end)
            .ret(1);
        let p = a.finish();
        assert_eq!((p[1].code, p[1].src, p[1].imm), (0x18, 1, 7));
        assert_eq!(
            p[2],
            Insn {
                code: 0,
                dst: 0,
                src: 0,
                off: 0,
                imm: 0
            }
        );
        assert_eq!((p[3].code, p[3].imm), (0x85, 1));
        // Over the map load (2 slots) and the call.
        assert_eq!(p[0].off, 3);
    }
}
