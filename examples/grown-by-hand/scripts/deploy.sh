#!/bin/bash
# Copies the latest build to every app server.
for host in $(terraform output -json app_ips | jq -r '.[]'); do
  scp -i ~/.ssh/shop-admin.pem build.tar.gz ubuntu@$host:/tmp/ || true
  ssh -i ~/.ssh/shop-admin.pem ubuntu@$host "sudo tar xzf /tmp/build.tar.gz -C /srv/shop && sudo systemctl restart shop"
done
