//! What a check sees when it runs: the workspace, its params, the profile,
//! and the data it kept from the single pass.

use crate::checks::{CheckMeta, FileData, Params, Profile};
use crate::workspace::{FileEntry, Workspace};

pub struct CheckContext<'a> {
    pub ws: &'a Workspace,
    pub meta: &'a CheckMeta,
    pub params: &'a Params,
    pub profile: Profile,
    /// (index into `ws.files()`, data) for every file `inspect` kept data
    /// for, in path order.
    pub kept: &'a [(usize, FileData)],
}

impl<'a> CheckContext<'a> {
    /// The data of type `T` kept from the pass, with its file, in path order.
    pub fn data<T: 'static>(&self) -> impl Iterator<Item = (&'a FileEntry, &'a T)> + '_ {
        let files = self.ws.files();
        self.kept
            .iter()
            .filter_map(move |(i, d)| d.downcast_ref::<T>().map(|t| (&files[*i], t)))
    }
}
