//! The graph a command loaded, kept until the process ends instead of
//! being freed.
//!
//! A command loads one graph (two for `diff`), answers, and exits. Freeing
//! the model's millions of strings one by one at the end took about a
//! second at 1.5 million accounts, for nothing: the operating system takes
//! the whole address space back at once when the process exits. So the
//! command line holds its graph in a [`Loaded`], which never runs the
//! graph's destructor (`ManuallyDrop`). Only the command line does this;
//! the library's [`AccessGraph`] frees as usual, so tests and benchmarks
//! that load many graphs in one process do not grow.

use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

use crate::graph::AccessGraph;

/// A loaded graph that is never freed (the process exits first).
pub struct Loaded(ManuallyDrop<AccessGraph>);

impl Loaded {
    pub fn new(graph: AccessGraph) -> Loaded {
        Loaded(ManuallyDrop::new(graph))
    }
}

impl Deref for Loaded {
    type Target = AccessGraph;
    fn deref(&self) -> &AccessGraph {
        &self.0
    }
}

impl DerefMut for Loaded {
    fn deref_mut(&mut self) -> &mut AccessGraph {
        &mut self.0
    }
}
