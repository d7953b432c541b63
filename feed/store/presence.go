package store

// A big save or the indexer pauses between its chunks so that another
// process's writes get the lock (see pacer). With no other process on the
// database there is nobody to pause for, and the pauses were a tenth of a
// first refresh. So each Store holds a shared lock on a file beside the
// database (presenceSuffix) while it is open, and a writer asks before it
// pauses whether another Store, of this process or another, holds one too.
// Where the lock cannot be had (another system, a file that is not a
// regular one), a writer pauses as if there were always someone.

// presenceSuffix names the file beside the database whose lock says that
// a Store has the database open.
const presenceSuffix = ".open"
