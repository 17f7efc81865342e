namespace ClinicalNotes.Api.Infrastructure;

/// <summary>
/// The rules the database itself enforces, whatever the application does (applied by the first migration):
/// <list type="bullet">
/// <item>A signed note is locked: any UPDATE or DELETE of a row whose <c>signed_at</c> is set is refused
/// (SQLSTATE <c>CN001</c>). Signing itself is the last UPDATE a row accepts.</item>
/// <item>Addenda and the access log are append-only: UPDATE and DELETE are refused (SQLSTATE <c>CN002</c>).</item>
/// <item>None of the three tables can be truncated.</item>
/// <item>A client's chain head only moves forward by one signed note at a time: at commit, the new head
/// must be a signed note of that client at position <c>length</c>, with the stored hash, linked to the
/// previous head; a head is never deleted.</item>
/// </list>
/// Only a superuser or the table owner can get around them (<c>ALTER TABLE ... DISABLE TRIGGER</c>), and
/// what they change then is caught by the hash chain.
/// </summary>
public static class NotesTriggers
{
    public const string Create = """
        CREATE FUNCTION notes_refuse_change_when_signed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.signed_at IS NOT NULL THEN
                RAISE EXCEPTION 'clinical note % is signed and locked: % refused; add an addendum instead', OLD.id, TG_OP
                    USING ERRCODE = 'CN001';
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END;
        $$;

        CREATE TRIGGER notes_locked_when_signed BEFORE UPDATE OR DELETE ON notes
            FOR EACH ROW EXECUTE FUNCTION notes_refuse_change_when_signed();

        CREATE FUNCTION refuse_change_of_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'CN002';
        END;
        $$;

        CREATE TRIGGER note_addenda_append_only BEFORE UPDATE OR DELETE ON note_addenda
            FOR EACH ROW EXECUTE FUNCTION refuse_change_of_append_only();
        CREATE TRIGGER note_access_log_append_only BEFORE UPDATE OR DELETE ON note_access_log
            FOR EACH ROW EXECUTE FUNCTION refuse_change_of_append_only();
        CREATE TRIGGER notes_no_truncate BEFORE TRUNCATE ON notes
            FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_of_append_only();
        CREATE TRIGGER note_addenda_no_truncate BEFORE TRUNCATE ON note_addenda
            FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_of_append_only();
        CREATE TRIGGER note_access_log_no_truncate BEFORE TRUNCATE ON note_access_log
            FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_of_append_only();
        CREATE TRIGGER note_chains_no_truncate BEFORE TRUNCATE ON note_chains
            FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_of_append_only();

        CREATE FUNCTION note_chains_advance_by_one() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION 'the chain head of client % cannot be deleted', OLD.client_id USING ERRCODE = 'CN002';
            END IF;
            IF TG_OP = 'INSERT' THEN
                IF NEW.length <> 0 OR NEW.head_note_id IS NOT NULL OR NEW.head_hash IS NOT NULL THEN
                    RAISE EXCEPTION 'a new chain head of client % must be empty', NEW.client_id USING ERRCODE = 'CN002';
                END IF;
                RETURN NULL;
            END IF;
            IF NEW.client_id <> OLD.client_id OR NEW.length <> OLD.length + 1 OR NOT EXISTS (
                SELECT 1 FROM notes n
                WHERE n.id = NEW.head_note_id AND n.client_id = NEW.client_id AND n.signed_at IS NOT NULL
                  AND n.chain_sequence = NEW.length AND n.hash = NEW.head_hash
                  AND n.previous_hash IS NOT DISTINCT FROM OLD.head_hash) THEN
                RAISE EXCEPTION 'the chain head of client % may only advance to the next signed note', NEW.client_id
                    USING ERRCODE = 'CN002';
            END IF;
            RETURN NULL;
        END;
        $$;

        CREATE CONSTRAINT TRIGGER note_chains_advance_only AFTER INSERT OR UPDATE OR DELETE ON note_chains
            DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION note_chains_advance_by_one();
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS note_chains_advance_only ON note_chains;
        DROP TRIGGER IF EXISTS note_chains_no_truncate ON note_chains;
        DROP TRIGGER IF EXISTS note_access_log_no_truncate ON note_access_log;
        DROP TRIGGER IF EXISTS note_addenda_no_truncate ON note_addenda;
        DROP TRIGGER IF EXISTS notes_no_truncate ON notes;
        DROP TRIGGER IF EXISTS note_access_log_append_only ON note_access_log;
        DROP TRIGGER IF EXISTS note_addenda_append_only ON note_addenda;
        DROP TRIGGER IF EXISTS notes_locked_when_signed ON notes;
        DROP FUNCTION IF EXISTS note_chains_advance_by_one();
        DROP FUNCTION IF EXISTS refuse_change_of_append_only();
        DROP FUNCTION IF EXISTS notes_refuse_change_when_signed();
        """;
}
