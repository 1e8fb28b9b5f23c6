/** A file-system failure while writing, as one sentence naming the path (never "internal error: ENOSPC"). */
export class WriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'WriteError';
  }
  override toString(): string {
    return `${this.path}:0:0: error: ${this.message}`;
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'already exists',
  ENOTEMPTY: 'the folder is not empty',
  ENAMETOOLONG: 'the name is too long for the file system',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'an input/output error of the device',
  EXDEV: 'cannot be moved across file systems',
  ENOENT: 'no such file or folder',
  EBUSY: 'the file or folder is busy',
  ETXTBSY: 'the file is busy',
  ELOOP: 'too many symbolic links',
};

/** The sentence for an errno, with what diwan was doing. */
export function writeError(path: string, err: unknown, doing = 'cannot be written'): WriteError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const reason = (code && REASONS[code]) ?? (err instanceof Error ? err.message : String(err));
  return new WriteError(path, code, `${doing}: ${reason}${code ? ` (${code})` : ''}`);
}
