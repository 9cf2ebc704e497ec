#!/bin/sh
# Write PgBouncer's configuration and user list from the environment, then run it in the foreground.
set -eu
: "${DATABASE_HOST:=postgres}" "${DATABASE_PORT:=5432}" "${MAX_CLIENT_CONN:=1000}" "${DEFAULT_POOL_SIZE:=20}"
: "${DATABASE_USER:?set DATABASE_USER}" "${DATABASE_PASSWORD:?set DATABASE_PASSWORD}"
export DATABASE_HOST DATABASE_PORT MAX_CLIENT_CONN DEFAULT_POOL_SIZE DATABASE_USER
sed -e "s/\${DATABASE_HOST}/$DATABASE_HOST/" -e "s/\${DATABASE_PORT}/$DATABASE_PORT/" \
    -e "s/\${MAX_CLIENT_CONN}/$MAX_CLIENT_CONN/" -e "s/\${DEFAULT_POOL_SIZE}/$DEFAULT_POOL_SIZE/" \
    -e "s/\${DATABASE_USER}/$DATABASE_USER/" \
    /etc/pgbouncer/pgbouncer.ini.template > /etc/pgbouncer/pgbouncer.ini
printf '"%s" "%s"\n' "$DATABASE_USER" "$DATABASE_PASSWORD" > /etc/pgbouncer/userlist.txt
chmod 600 /etc/pgbouncer/userlist.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
